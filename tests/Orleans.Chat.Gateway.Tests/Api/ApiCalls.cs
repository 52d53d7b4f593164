using System.Net;
using System.Text;
using System.Text.Json;

namespace Orleans.Chat.Gateway.Tests.Api;

/// <summary>Server API requests of any method, with the right key unless told otherwise.</summary>
internal static class ApiCalls
{
    public static async Task<(HttpStatusCode Status, JsonElement Body)> ApiAsync(
        this GatewayServer server, HttpMethod method, string path, string? jsonBody = null, string? apiKey = GatewayServer.ApiKey)
    {
        using var request = new HttpRequestMessage(method, path);
        if (jsonBody is not null)
        {
            request.Content = new StringContent(jsonBody, Encoding.UTF8, "application/json");
        }

        if (apiKey is not null)
        {
            request.Headers.Add("X-Api-Key", apiKey);
        }

        using var response = await server.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    public static Task<(HttpStatusCode Status, JsonElement Body)> ApiGetAsync(this GatewayServer server, string path, string? apiKey = GatewayServer.ApiKey) =>
        server.ApiAsync(HttpMethod.Get, path, null, apiKey);

    public static Task<(HttpStatusCode Status, JsonElement Body)> ApiDeleteAsync(this GatewayServer server, string path, string? apiKey = GatewayServer.ApiKey) =>
        server.ApiAsync(HttpMethod.Delete, path, null, apiKey);

    public static void AssertError(this (HttpStatusCode Status, JsonElement Body) response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.Status);
        Assert.Equal(code, response.Body.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(response.Body.GetProperty("error").GetString()));
    }
}
