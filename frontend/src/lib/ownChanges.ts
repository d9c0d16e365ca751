// The tasks this tab changed a moment ago. The service may still notify a user of their own
// change (a personal project, or a service that predates the Teams rule); that notification
// arrives while the change's own "saved" toast is showing, so it is not toasted again (it still
// goes to the bell). A change made in another tab or device is toasted as before.

/** How long after a change a notification of its kind about the same task is taken to be its echo. */
const ECHO_WINDOW_MS = 5_000;

/** What was changed: the task itself, or its comments; 'created': some new task, whose id is not known before the answer. */
export type ChangeKind = 'task' | 'comment' | 'created';

/** The kind of change each notification tells of. */
const KIND_OF_EVENT: Record<string, ChangeKind> = { task_created: 'task', task_updated: 'task', task_completed: 'task', task_assigned: 'task', comment_added: 'comment' };

export class OwnChanges {
  private readonly changedAt = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Call before the request (its notification can arrive before its answer) and after it. */
  note(kind: ChangeKind, ...taskIds: number[]) {
    const at = this.now();
    for (const id of taskIds) this.changedAt.set(`${kind}:${id}`, at);
    // Forget the old ones, so the map stays as small as the last few seconds' changes.
    for (const [key, changed] of this.changedAt) if (at - changed > ECHO_WINDOW_MS) this.changedAt.delete(key);
  }

  /** Whether a notification (`event_type` about `taskId`) is most likely the echo of a change made here. */
  isEcho(eventType: string, taskId: number | null): boolean {
    const kind = KIND_OF_EVENT[eventType];
    if (taskId === null || !kind) return false;
    const recent = (key: string) => {
      const changed = this.changedAt.get(key);
      return changed !== undefined && this.now() - changed <= ECHO_WINDOW_MS;
    };
    return recent(`${kind}:${taskId}`) || (eventType === 'task_created' && recent('created:0'));
  }
}

/** This tab's. */
export const ownChanges = new OwnChanges();
