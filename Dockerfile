# Multi-stage build: compile native modules in a full Node image, run in a slim one as a non-root user.
FROM node:20.19-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY core ./core
COPY search ./search
COPY indexer ./indexer
COPY server ./server
COPY admin ./admin
COPY app ./app
COPY views ./views
COPY public ./public
COPY corpus ./corpus
COPY tsconfig.json ./
# Mounted as volumes in docker-compose.yml: created here so that they belong to the user the server runs as.
RUN mkdir -p data

FROM node:20.19-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
WORKDIR /app
COPY --from=build --chown=node:node /app /app
USER node
EXPOSE 3000
# Serve; the server indexes the corpus into the configured backend when it has no index yet.
CMD ["node", "--max-semi-space-size=2", "--require", "tsx/cjs", "app/main.ts"]
