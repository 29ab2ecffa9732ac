#!/bin/sh
echo "schema-engine stub: migrations run through lib/db/migrate.ts" >&2
exit 1
