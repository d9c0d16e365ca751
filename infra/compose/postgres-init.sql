-- compose.yaml's PostgreSQL: run once by the official image's entrypoint, on an empty data volume,
-- as the superuser of POSTGRES_USER. The same databases and extension as deploy/local/services.sh:
-- one database per service; pg_trgm for the tasks' substring search (the tasks migration creates
-- it too, which needs this when the role is not a superuser, as on RDS).
CREATE DATABASE taskflow_auth;
CREATE DATABASE taskflow_tasks;
\connect taskflow_tasks
CREATE EXTENSION IF NOT EXISTS pg_trgm;
