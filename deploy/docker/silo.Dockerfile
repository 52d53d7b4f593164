# syntax=docker/dockerfile:1
#
# Orleans.Chat silo: hosts the Room, User, Presence and stats grains; serves /health/live and
# the Orleans Dashboard (/dashboard/) on its HTTP port.
#
# Build from the repository root (the build context must be the root):
#   docker build -f deploy/docker/silo.Dockerfile -t orleans-chat-silo:local .
#
# Run it with at least Orleans__Membership=Redis, Orleans__Storage=Redis and
# Redis__ConnectionString (see deploy/docker-compose.yml and deploy/kubernetes/silo.yaml).
#
# Ports: 8080 HTTP (health, dashboard), 11111 silo-to-silo, 30000 Orleans gateway (the chat
# gateways connect here as Orleans clients).

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Restore from the project files alone, so that a code change does not download the packages again.
# (.editorconfig: the analyzers' severities are part of the build, as in CI.)
COPY global.json Directory.Build.props Directory.Packages.props Orleans.Chat.sln .editorconfig ./
COPY grain-interfaces/Orleans.Chat.GrainInterfaces.csproj grain-interfaces/
COPY grains/Orleans.Chat.Grains.csproj grains/
COPY hosting/Orleans.Chat.Hosting.csproj hosting/
COPY silo/Orleans.Chat.Silo.csproj silo/
RUN dotnet restore silo/Orleans.Chat.Silo.csproj

COPY grain-interfaces/ grain-interfaces/
COPY grains/ grains/
COPY hosting/ hosting/
COPY silo/ silo/
# bin/ and obj/ of a build on the host may come along when the builder did not apply
# silo.Dockerfile.dockerignore (the legacy builder does not read it): a host obj/ would
# replace this restore's assets and could make the build reuse stale outputs, so drop them
# and let publish restore again (quick: the packages are in the cache from the step above).
RUN find . -type d \( -name bin -o -name obj \) -prune -exec rm -rf {} + \
 && dotnet publish silo/Orleans.Chat.Silo.csproj -c Release -o /app -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./

# The HTTP address is set with the unprefixed "Urls" key: silo/appsettings.json sets
# "Urls": "http://localhost:5081", and appsettings.json overrides ASPNETCORE_URLS and
# ASPNETCORE_HTTP_PORTS (which would leave the silo reachable only from inside the container).
# An environment variable "Urls" (or --urls) overrides appsettings.json.
ENV ASPNETCORE_ENVIRONMENT=Production \
    Urls=http://+:8080

EXPOSE 8080 11111 30000

# The non-root user the .NET images define (uid 1654).
USER $APP_UID

# The image has no curl or wget: bash's /dev/tcp speaks enough HTTP for a health check.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /health/live HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]

ENTRYPOINT ["dotnet", "Orleans.Chat.Silo.dll"]
