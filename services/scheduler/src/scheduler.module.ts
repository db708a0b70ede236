import { Inject, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { type EventBus, JetStreamEventStore } from '@justfit/events';
import { BUS, CONFIG, LOGGER, METRICS, READINESS, type Readiness, type ServiceMetrics } from '@justfit/service-kit';
import type { Logger } from 'pino';
import { Counter } from 'prom-client';
import type { SchedulerConfig } from './config';
import { JobDirectory } from './jobs/job-directory';
import { JobRepository } from './jobs/job-repository';
import { JobRunner } from './jobs/job-runner';
import { JobsController } from './jobs/jobs.controller';
import { JOB_DIRECTORY, JOB_REPOSITORY, JOB_RUNNER } from './tokens';

@Module({
  controllers: [JobsController],
  providers: [
    {
      provide: JOB_REPOSITORY,
      inject: [BUS],
      useFactory: (bus: EventBus) => new JobRepository(new JetStreamEventStore(bus)),
    },
    { provide: JOB_DIRECTORY, inject: [BUS], useFactory: (bus: EventBus) => new JobDirectory(bus) },
    {
      provide: JOB_RUNNER,
      inject: [BUS, JOB_REPOSITORY, JOB_DIRECTORY, LOGGER, METRICS, CONFIG],
      useFactory: (
        bus: EventBus,
        repository: JobRepository,
        directory: JobDirectory,
        logger: Logger,
        metrics: ServiceMetrics,
        config: SchedulerConfig,
      ) =>
        new JobRunner(
          bus,
          repository,
          directory,
          logger,
          new Counter({
            name: 'justfit_job_runs_total',
            help: 'Due times of scheduled jobs by outcome: started, failed (refused), skipped (missed), abandoned.',
            labelNames: ['outcome'] as const,
            registers: [metrics.registry],
          }),
          {
            missedAfterMs: config.SCHEDULER_MISSED_AFTER_MS,
            maxSleepMs: 30_000,
            abandonedAfterMs: config.SCHEDULER_ABANDONED_AFTER_MS,
          },
        ),
    },
  ],
})
export class SchedulerModule implements OnApplicationBootstrap {
  constructor(
    @Inject(JOB_DIRECTORY) private readonly directory: JobDirectory,
    @Inject(JOB_RUNNER) private readonly runner: JobRunner,
    @Inject(READINESS) private readonly readiness: Readiness,
  ) {}

  /** Ready once every stored job is known and the planner runs. */
  async onApplicationBootstrap(): Promise<void> {
    let started = false;
    this.readiness.register('jobs', () => {
      if (!started) throw new Error('reading the jobs');
    });
    await this.directory.start();
    this.runner.start();
    started = true;
  }

  /** Stops firing before the command server and the bus close (runService's beforeDrain). */
  async stop(): Promise<void> {
    await this.runner.stop();
    await this.directory.stop();
  }
}
