using Microsoft.AspNetCore.Http;
using Orleans.Chat.Fuzz.Tests.Infrastructure;
using Orleans.Chat.Gateway.Auth;

namespace Orleans.Chat.Fuzz.Tests;

/// <summary>
/// TokenSource, which finds the token of an upgrade or handshake request: any query string and any
/// Authorization header give the ?token= value, else the trimmed Bearer value, else null; never an empty
/// token and never an exception.
/// </summary>
public sealed class TokenSourceProperties
{
    private const long Iterations = 5_000;

    private static readonly Gen<string> QueryTexts = Gen.Frequency(
        (2, Gen.String),
        (3, Gen.OneOf("token=", "token=abc", "token", "=", "&", "%", "%zz", "%00", "+", "token=%E2%82", "token=a&token=b", "TOKEN=x", "token=%20", "a=b", "#", "?", "\u00e9", "\ud800")
            .Array[0, 6].Select(string.Concat)));

    private static readonly Gen<string> HeaderTexts = Gen.Frequency(
        (2, Gen.String),
        (3, Gen.Select(Gen.OneOf("Bearer ", "bearer ", "BEARER ", "Bearer", "Basic ", "", "Bearer  ", " Bearer "), Gen.OneOf("", " ", "abc", "a.b.c", "\t", "\u0000", "\ud800", "\r\n").Array[0, 4],
            (scheme, parts) => scheme + string.Concat(parts))));

    [Fact]
    public void Any_query_and_authorization_header_give_a_non_empty_token_or_null()
    {
        Property.ForAll(Gen.Select(QueryTexts, HeaderTexts, (query, header) => (query, header)), input =>
        {
            var context = new DefaultHttpContext();
            context.Request.QueryString = new QueryString("?" + input.query);
            context.Request.Headers.Authorization = input.header;

            var token = TokenSource.FromRequest(context.Request);

            var queryToken = context.Request.Query["token"].ToString();
            if (queryToken.Length > 0)
            {
                Assert.Equal(queryToken, token);
            }
            else if (input.header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && input.header[7..].Trim().Length > 0)
            {
                Assert.Equal(input.header[7..].Trim(), token);
            }
            else
            {
                Assert.Null(token);
            }
        }, Iterations);
    }
}
