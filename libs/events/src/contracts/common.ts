import { z } from 'zod';

export const Id = z.string().min(1).max(200);
export const EpochMs = z.number().int().nonnegative();
export const EntityType = z.enum(['cluster', 'host', 'vm', 'datastore']);
export type EntityType = z.infer<typeof EntityType>;
export const ErrorCode = z.union([
  z.literal(400),
  z.literal(401),
  z.literal(404),
  z.literal(408),
  z.literal(409),
  z.literal(500),
  z.literal(1001),
  z.literal(1002),
  z.literal(1003),
  z.literal(1004),
  z.literal(1005),
]);
export type ErrorCode = z.infer<typeof ErrorCode>;
export const RiskLevel = z.enum(['low', 'medium', 'high']);
export const Severity = z.enum(['info', 'warning', 'critical']);
export const AnalysisType = z.enum(['zombie', 'rightsize', 'tidal', 'health']);
export type AnalysisType = z.infer<typeof AnalysisType>;
