import { toStatus, type ApiError } from '../api.errors';

/** What a check answers: the Status' code, reason and message if it throws, else 'accepted'. */
export function statusOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    const { code, reason, message } = toStatus(error as ApiError);
    return { code, reason, message };
  }
  return 'accepted';
}
