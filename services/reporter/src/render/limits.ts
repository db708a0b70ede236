/** Charts per kind drawn at most (the findings with the largest savings); the tables list every finding. */
export const MAX_CHARTED = 40;
