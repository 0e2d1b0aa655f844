# One image recipe for every service: docker build --build-arg SERVICE=exam -t gradeline/exam .
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json turbo.json tsconfig.base.json ./
COPY contracts contracts
COPY libs libs
COPY services services
COPY tools tools
COPY tests tests
RUN npm ci --no-audit --no-fund
ARG SERVICE
RUN npx turbo run build --filter=@gradeline/service-${SERVICE}... \
 && npm prune --omit=dev

FROM node:20-bookworm-slim
ARG SERVICE
ENV NODE_ENV=production SERVICE=${SERVICE}
WORKDIR /app
COPY --from=build /app /app
USER node
EXPOSE 8080
CMD ["sh", "-c", "exec node services/${SERVICE}/dist/main.js"]
