# milepost in a small image with git, for any CI:
#   docker build -t milepost .
#   docker run --rm -v "$PWD:/work" milepost check --base origin/main
# The binary is static (musl); the final image holds it, git and CA
# certificates. It runs as root, as CI jobs expect, so that it can read and
# write the mounted checkout (.git/milepost holds the history cache); on a
# workstation add -u "$(id -u):$(id -g)".

FROM rust:1-alpine AS builder
RUN apk add --no-cache musl-dev git
WORKDIR /src
# Dependencies first, so that a change to milepost's own code reuses the download.
COPY Cargo.toml Cargo.lock ./
# (cargo wants a target to read the manifest: empty ones stand in.)
RUN mkdir src && touch src/lib.rs && echo 'fn main() {}' > src/main.rs \
    && cargo fetch --locked \
    && rm -rf src
COPY . .
# The commit for `milepost --version`, as the build context has no .git:
#   docker build --build-arg MILEPOST_BUILD_COMMIT="$(git log -1 --format='%h %cs')" .
ARG MILEPOST_BUILD_COMMIT=""
RUN MILEPOST_BUILD_COMMIT="$MILEPOST_BUILD_COMMIT" cargo build --release --locked \
    && cp target/release/milepost /usr/local/bin/milepost \
    && /usr/local/bin/milepost --version

FROM alpine:3.22
RUN apk add --no-cache git ca-certificates \
    && git config --system --add safe.directory '*'
COPY --from=builder /usr/local/bin/milepost /usr/local/bin/milepost
WORKDIR /work
ENTRYPOINT ["milepost"]
CMD ["check"]
