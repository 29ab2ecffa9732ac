/** The query string as a plain object for a zod schema (last value wins). */
export const searchParams = (req: Request): Record<string, string> => Object.fromEntries(new URL(req.url).searchParams);
