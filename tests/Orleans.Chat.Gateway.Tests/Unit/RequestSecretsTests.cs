using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Orleans.Chat.Gateway.Auth;

namespace Orleans.Chat.Gateway.Tests.Unit;

/// <summary>A connection lets go of its token once checked: the URL and header keep [REDACTED] in its place.</summary>
public sealed class RequestSecretsTests
{
    [Fact]
    public void The_query_token_is_replaced_in_the_query_the_query_string_and_the_raw_target()
    {
        var request = Request("/ws", "?room=lobby&token=secret.jwt.value&access_token=other");

        RequestSecrets.Forget(request);

        Assert.Equal("lobby", request.Query["room"].ToString());
        Assert.Equal(RequestSecrets.Redacted, request.Query["token"].ToString());
        Assert.Equal(RequestSecrets.Redacted, request.Query["access_token"].ToString());
        var line = request.HttpContext.Features.GetRequiredFeature<IHttpRequestFeature>();
        Assert.DoesNotContain("secret", line.QueryString, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", line.RawTarget, StringComparison.Ordinal);
        Assert.StartsWith("/ws?", line.RawTarget, StringComparison.Ordinal);
        Assert.Contains("room=lobby", line.RawTarget, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bearer_header_is_replaced_and_a_request_without_secrets_is_left_as_it_came()
    {
        var request = Request("/ws", "?room=lobby");
        request.Headers.Authorization = "Bearer secret.jwt.value";

        RequestSecrets.Forget(request);

        Assert.Equal(RequestSecrets.Redacted, request.Headers.Authorization.ToString());
        var line = request.HttpContext.Features.GetRequiredFeature<IHttpRequestFeature>();
        Assert.Equal("/ws?room=lobby", line.RawTarget);
        Assert.Equal("?room=lobby", line.QueryString);
    }

    private static HttpRequest Request(string path, string query)
    {
        var context = new DefaultHttpContext();
        var line = context.Features.GetRequiredFeature<IHttpRequestFeature>();
        line.Path = path;
        line.QueryString = query;
        line.RawTarget = path + query;
        return context.Request;
    }
}
