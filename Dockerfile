# Bosun's image for docker-compose.yml: the built control plane and its controller apps.
FROM node:20-bookworm AS build
WORKDIR /bosun
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
# bosun up makes its cluster CA and in-cluster serving certificate with the openssl command.
RUN apt-get update && apt-get install -y --no-install-recommends openssl && rm -rf /var/lib/apt/lists/*
WORKDIR /bosun
COPY --from=build /bosun/package.json ./
COPY --from=build /bosun/node_modules node_modules
COPY --from=build /bosun/dist dist
COPY --from=build /bosun/bin bin
ENTRYPOINT ["node"]
