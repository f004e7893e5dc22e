import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';

/** The person's choice: a fixed theme or the system's. */
export type ThemePreference = 'light' | 'dark' | 'system';

const storageKey = 'renum.theme';

function savedPreference(): ThemePreference {
  const saved = globalThis.localStorage?.getItem(storageKey);
  return saved === 'light' || saved === 'dark' ? saved : 'system';
}

function systemPrefersDark(): boolean {
  return globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
}

/** Puts the `dark` class on `<html>` for the preference (called before the first render too). */
export function applyTheme(preference: ThemePreference = savedPreference()): 'light' | 'dark' {
  const resolved = preference === 'system' ? (systemPrefersDark() ? 'dark' : 'light') : preference;
  document.documentElement.classList.toggle('dark', resolved === 'dark');
  return resolved;
}

interface ThemeValue {
  preference: ThemePreference;
  resolved: 'light' | 'dark';
  setPreference(preference: ThemePreference): void;
}

const ThemeContext = createContext<ThemeValue | null>(null);

/** Light, dark or the system's theme; the choice is saved, and "system" follows changes live. */
export function ThemeProvider({ children }: { children: ReactNode }) {
  const [preference, setPreferenceState] = useState<ThemePreference>(savedPreference);
  const [resolved, setResolved] = useState<'light' | 'dark'>(() => applyTheme(preference));
  useEffect(() => {
    setResolved(applyTheme(preference));
    if (preference !== 'system') return;
    const media = globalThis.matchMedia?.('(prefers-color-scheme: dark)');
    const onChange = () => setResolved(applyTheme('system'));
    media?.addEventListener('change', onChange);
    return () => media?.removeEventListener('change', onChange);
  }, [preference]);
  const setPreference = useCallback((next: ThemePreference) => {
    if (next === 'system') globalThis.localStorage?.removeItem(storageKey);
    else globalThis.localStorage?.setItem(storageKey, next);
    setPreferenceState(next);
  }, []);
  const value = useMemo(
    () => ({ preference, resolved, setPreference }),
    [preference, resolved, setPreference],
  );
  return <ThemeContext value={value}>{children}</ThemeContext>;
}

/** The theme preference and its setter. */
export function useTheme(): ThemeValue {
  const value = useContext(ThemeContext);
  if (!value) throw new Error('useTheme must be used inside <ThemeProvider>');
  return value;
}
