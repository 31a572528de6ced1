/**
 * What a service tells its caller while it works. The services print nothing: the CLI turns these
 * into text, `--json` lines and a progress bar; the scheduler and `npm start` pass the CLI's on.
 */
export interface AppEvents {
  /** Long work: its size, how far it got, and its end (a bar on a terminal, nothing elsewhere). */
  progress: ProgressEvents;
  /** Something about the data or the run that the operator should know. */
  warning(text: string): void;
  /** A line of news for a person watching the work (e.g. a step of the generator). */
  notice(text: string): void;
  /** A structured event: one `--json` line of this type. */
  event(type: string, data: object): void;
}

export interface ProgressEvents {
  start(total: number, label: string): void;
  update(done: number, label: string): void;
  stop(): void;
}
