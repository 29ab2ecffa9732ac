import Link from 'next/link';
import { ApiError } from '../api';
import { buttonClass } from '../ui/button';
import { PageHeader } from '../ui/misc';

export const isNotFound = (error: unknown) => error instanceof ApiError && error.status === 404;

/** For useQuery's `retry`: a 404 will not change on a second try; other failures get one more. */
export const retryUnlessNotFound = (failures: number, error: Error) => !isNotFound(error) && failures < 1;

// The API answers 404 for an unknown ID and for another organization's object alike (API.md), so both read the same.
export function NotFoundState({ title, description, back }: { title: string; description: string; back: { href: string; label: string } }) {
  return (
    <>
      <PageHeader title={title} description={description} />
      <Link className={buttonClass('secondary')} href={back.href}>← {back.label}</Link>
    </>
  );
}
