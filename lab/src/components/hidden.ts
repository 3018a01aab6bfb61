/** The controls that ?hide= names, for every control to look up. */
import { createContext } from 'preact';

export const HiddenContext = createContext<ReadonlySet<string>>(new Set());
