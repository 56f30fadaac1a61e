# syntax=docker/dockerfile:1
# docker build -t kisschat . && docker run -p 8080:8080 -v kisschat:/data --stop-timeout 30 kisschat
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props KissChat.sln ./
COPY KissChat.Web/KissChat.Web.csproj KissChat.Web/
COPY Modules/Kernel/KissChat.Kernel.csproj Modules/Kernel/
COPY Modules/Auth/KissChat.Auth.csproj Modules/Auth/
COPY Modules/Users/KissChat.Users.csproj Modules/Users/
COPY Modules/Characters/KissChat.Characters.csproj Modules/Characters/
COPY Modules/Chats/KissChat.Chats.csproj Modules/Chats/
COPY Modules/Jobs/KissChat.Jobs.csproj Modules/Jobs/
COPY Modules/Inference/KissChat.Inference.csproj Modules/Inference/
COPY Modules/Admin/KissChat.Admin.csproj Modules/Admin/
COPY Modules/Lorebooks/KissChat.Lorebooks.csproj Modules/Lorebooks/
COPY Modules/Personas/KissChat.Personas.csproj Modules/Personas/
COPY Modules/Presets/KissChat.Presets.csproj Modules/Presets/
RUN dotnet restore KissChat.Web/KissChat.Web.csproj
COPY KissChat.Web/ KissChat.Web/
COPY Modules/ Modules/
RUN dotnet publish KissChat.Web/KissChat.Web.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
# The image's non-root "app" user owns the data volume: SQLite file, generated JWT key, avatars.
RUN mkdir -p /data && chown "$APP_UID" /data
COPY --from=build /app ./
# PORT is the seed's variable; clearing the image's ASPNETCORE_HTTP_PORTS lets it decide.
# Behind HTTPS, also set NODE_ENV=production so the session cookies are Secure.
ENV DATA_DIR=/data \
    PORT=8080 \
    ASPNETCORE_HTTP_PORTS=
VOLUME /data
EXPOSE 8080
# Liveness: GET /health/live; readiness (database reachable): GET /health/ready. The image has no curl: the server's
# own "health" command asks /health/live. The start period covers waiting for PostgreSQL (Database:StartupWaitSeconds).
HEALTHCHECK --interval=30s --timeout=10s --start-period=90s --retries=3 CMD ["dotnet", "KissChat.Web.dll", "health"]
USER $APP_UID
ENTRYPOINT ["dotnet", "KissChat.Web.dll"]
