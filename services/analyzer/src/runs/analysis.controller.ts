import { Controller, Inject } from '@nestjs/common';
import { EventPattern, MessagePattern } from '@nestjs/microservices';
import { AnalysisType, type CommandReply, Events, type JustFitEvent } from '@justfit/events';
import { LOGGER, parseCommandInput } from '@justfit/service-kit';
import type { Logger } from 'pino';
import { AnalysisRunner } from './analysis-runner';

@Controller()
export class AnalysisController {
  constructor(
    @Inject(AnalysisRunner) private readonly runner: AnalysisRunner,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @MessagePattern('RunAnalysis')
  async runAnalysis(payload: unknown): Promise<CommandReply<'analyzer', 'RunAnalysis'>> {
    const cmd = parseCommandInput('analyzer', 'RunAnalysis', payload);
    return this.runner.run({ ...cmd, trigger: 'on-demand' });
  }

  @MessagePattern('StartAnalysis')
  async startAnalysis(payload: unknown): Promise<CommandReply<'analyzer', 'StartAnalysis'>> {
    const cmd = parseCommandInput('analyzer', 'StartAnalysis', payload);
    return this.runner.start({ ...cmd, trigger: 'on-demand' });
  }

  @MessagePattern('StartBulkAnalysis')
  async startBulkAnalysis(payload: unknown): Promise<CommandReply<'analyzer', 'StartBulkAnalysis'>> {
    const cmd = parseCommandInput('analyzer', 'StartBulkAnalysis', payload);
    return this.runner.startBulk(cmd);
  }

  @MessagePattern('StopAnalysis')
  async stopAnalysis(payload: unknown): Promise<CommandReply<'analyzer', 'StopAnalysis'>> {
    const cmd = parseCommandInput('analyzer', 'StopAnalysis', payload);
    await this.runner.stop(cmd.runId, cmd.reason);
    return { runId: cmd.runId, status: 'cancelled' };
  }

  @MessagePattern('WithdrawFindings')
  async withdrawFindings(payload: unknown): Promise<CommandReply<'analyzer', 'WithdrawFindings'>> {
    const cmd = parseCommandInput('analyzer', 'WithdrawFindings', payload);
    const withdrawn = await this.runner.withdraw(cmd.connectionId, cmd.reason);
    this.logger.info({ connectionId: cmd.connectionId, withdrawn }, 'withdrew the findings of a deleted connection');
    return { withdrawn };
  }

  /** New data re-analyses its connection once all of a collect task's data is loaded: one run of each type per task. */
  @EventPattern(Events.CollectTaskDataLoaded.type)
  async onTaskDataLoaded(event: JustFitEvent<'CollectTaskDataLoaded'>): Promise<void> {
    const { connectionId, taskId } = event.data;
    for (const analysisType of AnalysisType.options) {
      const summary = await this.runner.run({
        analysisType,
        connectionId,
        entityIds: [],
        trigger: 'data-landed',
        options: {},
      });
      this.logger.info({ taskId, analysisType, ...summary }, 'analysed the data a collect task loaded');
    }
  }
}
