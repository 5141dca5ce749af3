# syntax=docker/dockerfile:1
# One image for the gateway, the writer and the query app; the command picks the app:
#   node dist/apps/gateway/apps/gateway/src/main.js   (default)
#   node dist/apps/writer/apps/writer/src/main.js
#   node dist/apps/query/apps/query/src/main.js
#   node dist/apps/dlq/apps/dlq/src/main.js list   (the dead-letter command, README "Dead letters")
#   node dist/apps/migrate/apps/migrate/src/main.js   (the schema migrations, once per release: docs/deployment.md)
# apps/clickhouse-embedded is not in it: it is for laptops and tests. The @chdb/* optional
# packages (its engine, ~550 MB) are therefore never installed.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=optional --ignore-scripts --no-audit --no-fund
COPY tsconfig.json nest-cli.json ./
COPY scripts/build.sh scripts/
COPY libs libs
COPY apps apps
RUN npm run build

FROM node:20-bookworm-slim AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=prod-deps /app/node_modules node_modules
COPY --from=build /app/dist/apps/gateway dist/apps/gateway
COPY --from=build /app/dist/apps/writer dist/apps/writer
COPY --from=build /app/dist/apps/query dist/apps/query
COPY --from=build /app/dist/apps/dlq dist/apps/dlq
COPY --from=build /app/dist/apps/migrate dist/apps/migrate
USER node
# The API ports, then the management ports (GET /metrics, /health, /ready).
EXPOSE 8080 8081 8082 9080 9081 9082
# The gateway, its heap capped as docker-compose.yml and the Helm chart cap it.
CMD ["node", "--max-old-space-size=160", "dist/apps/gateway/apps/gateway/src/main.js"]
