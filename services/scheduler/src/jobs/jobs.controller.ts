import { randomUUID } from 'node:crypto';
import { Controller, Inject } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { CommandError, type CommandReply } from '@justfit/events';
import { parseCommandInput, traceIdOrNew } from '@justfit/service-kit';
import { JOB_DIRECTORY, JOB_REPOSITORY } from '../tokens';
import { type JobCommand, JobCommandError } from './job';
import type { JobDirectory } from './job-directory';
import type { JobRecord, JobView } from './job-record';
import type { JobRepository } from './job-repository';
import { CronSchedule } from './schedule';

type JobReply = CommandReply<'scheduler', 'CreateJob'>;

/** The jobs' commands: changes are decided on the job's events; lists come from this replica's directory. */
@Controller()
export class JobsController {
  constructor(
    @Inject(JOB_REPOSITORY) private readonly repository: JobRepository,
    @Inject(JOB_DIRECTORY) private readonly directory: JobDirectory,
  ) {}

  @MessagePattern('CreateJob')
  async create(payload: unknown): Promise<JobReply> {
    const cmd = parseCommandInput('scheduler', 'CreateJob', payload);
    const jobId = `job-${randomUUID()}`;
    return toReply(await this.handle({ ...cmd, type: 'CreateJob', jobId, now: Date.now() }));
  }

  @MessagePattern('UpdateJob')
  async update(payload: unknown): Promise<JobReply> {
    const cmd = parseCommandInput('scheduler', 'UpdateJob', payload);
    return toReply(await this.handle({ ...cmd, type: 'UpdateJob', now: Date.now() }));
  }

  @MessagePattern('SetJobEnabled')
  async setEnabled(payload: unknown): Promise<JobReply> {
    const cmd = parseCommandInput('scheduler', 'SetJobEnabled', payload);
    return toReply(await this.handle({ ...cmd, type: 'SetJobEnabled', now: Date.now() }));
  }

  @MessagePattern('DeleteJob')
  async delete(payload: unknown): Promise<CommandReply<'scheduler', 'DeleteJob'>> {
    const cmd = parseCommandInput('scheduler', 'DeleteJob', payload);
    await this.handle({ ...cmd, type: 'DeleteJob', now: Date.now() });
    return { jobId: cmd.jobId };
  }

  @MessagePattern('ListJobs')
  list(payload: unknown): CommandReply<'scheduler', 'ListJobs'> {
    const cmd = parseCommandInput('scheduler', 'ListJobs', payload);
    return this.directory.list(cmd.namespace).map(toJobFields);
  }

  @MessagePattern('GetJob')
  async get(payload: unknown): Promise<CommandReply<'scheduler', 'GetJob'>> {
    const cmd = parseCommandInput('scheduler', 'GetJob', payload);
    const { record } = await this.repository.get(cmd.jobId);
    if (!record) throw new CommandError(404, `job ${cmd.jobId} does not exist`);
    return {
      ...toJobFields(record),
      // Whether or not the job is enabled: the due times its schedule has from now.
      nextRuns: new CronSchedule(record.schedule).next(cmd.nextRuns, Date.now()),
      lastRuns: record.runs.slice(-cmd.lastRuns).reverse(),
    };
  }

  private async handle(command: JobCommand): Promise<JobView> {
    try {
      return (await this.repository.handle(command, traceIdOrNew())).view;
    } catch (e) {
      if (e instanceof JobCommandError) throw new CommandError(e.code, e.message);
      throw e;
    }
  }
}

function toReply(view: JobView): JobReply {
  if (!view.record) throw new CommandError(404, 'the job does not exist');
  return toJobFields(view.record);
}

function toJobFields({ runs: _runs, ...record }: JobRecord): JobReply {
  return record;
}
