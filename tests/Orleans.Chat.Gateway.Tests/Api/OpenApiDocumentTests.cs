using System.Net;
using System.Text.Json;
using Orleans.Chat.Gateway.Tests.Infrastructure;

namespace Orleans.Chat.Gateway.Tests.Api;

/// <summary>/openapi/v1.json: the public description of the server API, served without a key.</summary>
[Collection(GatewayCollection.Name)]
public sealed class OpenApiDocumentTests(GatewayFixture fixture)
{
    [Fact]
    public async Task The_document_describes_every_server_api_endpoint_with_the_key_scheme_and_no_secret()
    {
        using var response = await fixture.Server.Http.GetAsync("/openapi/v1.json");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(GatewayServer.ApiKey, text, StringComparison.Ordinal);
        var document = JsonDocument.Parse(text).RootElement;
        var paths = document.GetProperty("paths");
        var expected = new Dictionary<string, string[]>
        {
            ["/api/stats"] = ["get"],
            ["/api/broadcast"] = ["post"],
            ["/api/rooms/{roomId}"] = ["get"],
            ["/api/rooms/{roomId}/messages"] = ["post"],
            ["/api/rooms/{roomId}/events"] = ["post"],
            ["/api/rooms/{roomId}/members"] = ["get"],
            ["/api/rooms/{roomId}/members/{userId}"] = ["delete"],
            ["/api/rooms/{roomId}/messages/{seq}"] = ["delete"],
            ["/api/users/{userId}/events"] = ["post"],
            ["/api/users/{userId}/messages"] = ["post"],
            ["/api/users/{userId}/disconnect"] = ["post"],
            ["/api/users/online"] = ["get"],
        };
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), paths.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal("apiKey", scheme.GetProperty("type").GetString());
        Assert.Equal("header", scheme.GetProperty("in").GetString());
        Assert.Equal("X-Api-Key", scheme.GetProperty("name").GetString());

        foreach (var (path, methods) in expected)
        {
            foreach (var method in methods)
            {
                var operation = paths.GetProperty(path).GetProperty(method);
                var responses = operation.GetProperty("responses");
                Assert.True(responses.TryGetProperty("200", out var ok), $"{method} {path} documents its 200 answer");
                Assert.True(ok.GetProperty("content").TryGetProperty("application/json", out _), $"{method} {path} 200 has a JSON schema");
                if (path == "/api/stats")
                {
                    Assert.False(operation.TryGetProperty("security", out _));
                    continue;
                }

                Assert.Equal("ApiKey", operation.GetProperty("security")[0].EnumerateObject().Single().Name);
                foreach (var status in new[] { "400", "401", "404", "413", "429" })
                {
                    Assert.True(responses.TryGetProperty(status, out _), $"{method} {path} documents {status}");
                }

                if (method == "post")
                {
                    Assert.True(operation.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _), $"{method} {path} documents its body");
                }
            }
        }

        var schemas = document.GetProperty("components").GetProperty("schemas");
        Assert.True(schemas.GetProperty("ErrorPayload").GetProperty("properties").TryGetProperty("code", out _));
        Assert.True(schemas.GetProperty("UserMessageRequest").GetProperty("properties").TryGetProperty("fromUserId", out _));
    }

    [Fact]
    public async Task Api_OpenApi_false_removes_the_document()
    {
        await using var server = await GatewayServer.StartAsync(new Dictionary<string, string?> { ["Api:OpenApi"] = "false" });

        using var response = await server.Http.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
