# Build: a full Rust toolchain; run: a slim Debian with the single binary.
# The binary needs no libpq (diesel-async talks to PostgreSQL in pure Rust), and embeds its
# migrations and the Swagger UI assets.
FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY src ./src
COPY migrations ./migrations
COPY locales ./locales
RUN cargo build --release --locked && strip target/release/coopsante

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 coopsante
COPY --from=build /src/target/release/coopsante /usr/local/bin/coopsante
USER coopsante
ENV COOPSANTE_BIND=0.0.0.0:8080 RUST_LOG=info
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s CMD curl -fsS http://127.0.0.1:8080/readyz || exit 1
ENTRYPOINT ["coopsante"]
CMD ["serve"]
