// The clock the domain reads. Tests replace it with setClock() instead of mocking Date globally.
let current: () => Date = () => new Date();

export const now = (): Date => current();
export const setClock = (fn: () => Date): void => {
  current = fn;
};
export const resetClock = (): void => {
  current = () => new Date();
};
export const DAY_MS = 86_400_000;
