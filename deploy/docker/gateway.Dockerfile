# syntax=docker/dockerfile:1
#
# Orleans.Chat gateway: WebSocket clients (/ws), health (/health/live, /health/ready), the server
# API (/api/*) and the demo page (/) on one HTTP port.
#
# Build from the repository root (the build context must be the root):
#   docker build -f deploy/docker/gateway.Dockerfile -t orleans-chat-gateway:local .
#
# With Orleans__Membership=Redis (cluster mode) the gateway is an Orleans client of the silos.
# Without it (the default, Localhost) it co-hosts a single in-memory silo: one container is a
# whole single-node server, e.g.
#   docker run -p 8080:8080 -e Auth__SigningKey=<at least 32 bytes> orleans-chat-gateway:local
#
# Auth__SigningKey is required (the image runs in Production). Port: 8080 HTTP.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Restore from the project files alone, so that a code change does not download the packages again.
# (.editorconfig: the analyzers' severities are part of the build, as in CI.)
COPY global.json Directory.Build.props Directory.Packages.props Orleans.Chat.sln .editorconfig ./
COPY grain-interfaces/Orleans.Chat.GrainInterfaces.csproj grain-interfaces/
COPY grains/Orleans.Chat.Grains.csproj grains/
COPY hosting/Orleans.Chat.Hosting.csproj hosting/
COPY socketio/Orleans.Chat.SocketIo.csproj socketio/
COPY gateway/Orleans.Chat.Gateway.csproj gateway/
RUN dotnet restore gateway/Orleans.Chat.Gateway.csproj

COPY grain-interfaces/ grain-interfaces/
COPY grains/ grains/
COPY hosting/ hosting/
COPY socketio/ socketio/
COPY gateway/ gateway/
# The gateway project copies the demo page and the JavaScript SDK into wwwroot/ (its csproj
# includes ../client/web/** and ../client/js/src/**).
COPY client/web/ client/web/
COPY client/js/src/ client/js/src/
# bin/ and obj/ of a build on the host may come along when the builder did not apply
# gateway.Dockerfile.dockerignore (the legacy builder does not read it): a host obj/ would
# replace this restore's assets and could make the build reuse stale outputs, so drop them
# and let publish restore again (quick: the packages are in the cache from the step above).
RUN find . -type d \( -name bin -o -name obj \) -prune -exec rm -rf {} + \
 && dotnet publish gateway/Orleans.Chat.Gateway.csproj -c Release -o /app -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./

# "Urls" rather than ASPNETCORE_URLS so that both images take their HTTP address the same way
# (the silo's appsettings.json overrides ASPNETCORE_URLS; see silo.Dockerfile).
ENV ASPNETCORE_ENVIRONMENT=Production \
    Urls=http://+:8080

EXPOSE 8080

# The non-root user the .NET images define (uid 1654).
USER $APP_UID

# Ready = a grain call into the cluster answers. The image has no curl or wget: bash's
# /dev/tcp speaks enough HTTP for a health check.
HEALTHCHECK --interval=10s --timeout=8s --start-period=30s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /health/ready HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]

ENTRYPOINT ["dotnet", "Orleans.Chat.Gateway.dll"]
