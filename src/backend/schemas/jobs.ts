/** Schemas of model jobs (pulls and updates) and their SSE payloads. */
import * as z from 'zod';
import {
  JOB_KINDS,
  JOB_STATUSES,
  type Job,
  type JobLayer,
  type JobList,
  type PullBody,
  type StartJobResponse,
} from '../../shared/models-api';
import { ErrorInfoSchema, ModelNameSchema } from './common';
import { matches } from './contract-check';

export const PullBodySchema = matches<PullBody>()(z.object({ name: ModelNameSchema }).strict());

export const JobKindSchema = z.enum(JOB_KINDS);
export const JobStatusSchema = z.enum(JOB_STATUSES);

export const JobLayerSchema = matches<JobLayer>()(
  z.object({ digest: z.string(), total: z.number(), completed: z.number() }),
);

export const JobSchema = matches<Job>()(
  z.object({
    id: z.string(),
    kind: JobKindSchema,
    model: z.string(),
    status: JobStatusSchema,
    phase: z.string(),
    completed: z.number(),
    total: z.number(),
    layers: z.array(JobLayerSchema),
    bytesPerSecond: z.number().nullable(),
    etaSeconds: z.number().nullable(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
    error: ErrorInfoSchema.nullable(),
    previousDigest: z.string().nullable(),
    newDigest: z.string().nullable(),
  }),
);

export const JobListSchema = matches<JobList>()(z.object({ jobs: z.array(JobSchema) }));

export const StartJobResponseSchema = matches<StartJobResponse>()(z.object({ jobId: z.string(), job: JobSchema }));
