import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Capability, Me } from './apiTypes.js';

/** The signed-in user and what every view needs from the shell. */
export interface Session {
  me: Me;
  /** Whether the user's roles grant this capability (the API checks again). */
  can(capability: Capability): boolean;
  /** Reports a failed call: a refused token signs out, anything else is toasted. */
  failed(err: unknown): void;
  signOut(message?: string): void;
}

/** Provided by the shell once `/me` answered. */
export const SessionContext = createContext<Session | null>(null);

/** The session of the signed-in user; views are only drawn inside one. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in shell');
  return session;
}
