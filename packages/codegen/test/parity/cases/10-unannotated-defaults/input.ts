/** Retries a job. */
export function retry(job: string, retries = 3, label = "job", verbose = false, backoff = 0.25): string {
  return `${job} ${retries} ${label} ${verbose} ${backoff}`;
}
