/** The audit log of one or more objects (the API takes comma-separated IDs): a certificate and the CSR it came from. */
export const auditTrailHref = (...objectIds: (string | null | undefined)[]) =>
  `/admin/audit?${new URLSearchParams({ objectId: objectIds.filter(Boolean).join(',') })}`;
