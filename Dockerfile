# syntax=docker/dockerfile:1
# Build: a full Rust toolchain; run: distroless (glibc and libgcc only, no shell, no package
# manager) as its non-root user (65532), with the single binary. The binary needs no libpq
# (diesel-async talks to PostgreSQL in pure Rust) nor system certificates (rustls with
# compiled-in roots), and embeds its migrations, the Swagger UI assets, the annual report's
# template and the locales (include_str!): those are needed to build, not to run.
FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY src ./src
COPY crates ./crates
COPY vendor ./vendor
COPY migrations ./migrations
COPY templates ./templates
COPY locales ./locales
# The registry and target dir are build caches: a rebuild after a code change compiles only
# the crate itself.
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --profile production --locked --bin coopsante \
 && strip target/production/coopsante \
 && cp target/production/coopsante /coopsante

FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /coopsante /usr/local/bin/coopsante
USER 65532:65532
ENV COOPSANTE_BIND=0.0.0.0:8080 RUST_LOG=info
EXPOSE 8080
# `coopsante healthcheck` asks /readyz itself: the image has no curl (nor shell).
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=3 \
  CMD ["/usr/local/bin/coopsante", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/coopsante"]
CMD ["serve"]
