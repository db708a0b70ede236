export const JOB_REPOSITORY = Symbol('JobRepository');
export const JOB_DIRECTORY = Symbol('JobDirectory');
export const JOB_RUNNER = Symbol('JobRunner');
