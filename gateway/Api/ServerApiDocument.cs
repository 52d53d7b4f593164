using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Orleans.Chat.Gateway.Auth;
using Orleans.Chat.Gateway.Options;
using Orleans.Chat.Gateway.Wire;

namespace Orleans.Chat.Gateway.Api;

/// <summary>
/// The server API's services and its OpenAPI document at /openapi/v1.json: every /api endpoint with
/// its body and answer schemas (from the source-generated <see cref="ChatJsonContext"/>), the X-Api-Key
/// scheme on the guarded ones, and the {error, code} answers. It describes the public contract only,
/// so it is served without a key (rate limited like the API); Api:OpenApi = false removes it.
/// </summary>
public static class ServerApiDocument
{
    public const string Tag = "server-api";
    public const string SchemeName = "ApiKey";

    public static IServiceCollection AddChatServerApi(this IServiceCollection services)
    {
        services.AddSingleton<AppEventBody>();
        services.Configure<JsonOptions>(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ChatJsonContext.Default));
        services.AddOpenApi(options =>
        {
            options.ShouldInclude = description => description.ActionDescriptor.EndpointMetadata
                .OfType<ITagsMetadata>().Any(tags => tags.Tags.Contains(Tag));
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo { Title = "Orleans.Chat server API", Version = "v1" };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = ApiKeyAuthenticationHandler.HeaderName,
                    Description = "The server API key (Api:Key).",
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                if (context.Description.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Authorization.IAuthorizeData>().Any())
                {
                    operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] }];
                }

                return Task.CompletedTask;
            });
        });
        return services;
    }

    /// <summary>The error answers every guarded endpoint may give.</summary>
    public static RouteGroupBuilder WithServerApiErrors(this RouteGroupBuilder api) => api.WithMetadata(
        [.. new[]
        {
            StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden,
            StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status429TooManyRequests,
        }.Select(status => new ProducesResponseTypeMetadata(status, typeof(ErrorPayload), ["application/json"]))]);

    public static IEndpointRouteBuilder MapServerApiDocument(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetRequiredService<IOptions<ApiOptions>>().Value.OpenApi)
        {
            app.MapOpenApi().RequireRateLimiting(HttpRateLimits.ServerApiPolicy);
        }

        return app;
    }
}
