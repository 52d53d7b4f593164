using System.Collections.Concurrent;
using System.Diagnostics;

namespace Orleans.Chat.Fuzz.Tests.Infrastructure;

/// <summary>
/// Runs a CsCheck property with time budgets: a call slower than <see cref="FuzzSettings.CallBudget"/>
/// fails like any assertion (CsCheck then shrinks it and reports the seed), and a property still running
/// after its hang budget fails with the inputs that were in flight, instead of blocking the test run.
/// A failure's message carries CsCheck's "Set seed" line: replay it with CsCheck_Seed=... in the environment.
/// </summary>
public static class Property
{
    public static void ForAll<T>(Gen<T> gen, Action<T> assert, long iterations, Func<T, string>? print = null)
    {
        var iter = FuzzSettings.Iterations(iterations);
        print ??= value => Check.Print(value);
        var inFlight = new ConcurrentDictionary<int, (T Input, Stopwatch Clock)>();

        void Timed(T input)
        {
            var clock = Stopwatch.StartNew();
            var thread = Environment.CurrentManagedThreadId;
            inFlight[thread] = (input, clock);
            try
            {
                assert(input);
            }
            finally
            {
                inFlight.TryRemove(thread, out _);
            }

            if (clock.Elapsed > FuzzSettings.CallBudget)
            {
                throw new TimeoutException($"one call took {clock.ElapsedMilliseconds} ms, over the budget of {FuzzSettings.CallBudget.TotalMilliseconds} ms");
            }
        }

        var run = Task.Factory.StartNew(() => gen.Sample(Timed, iter: iter, print: print), TaskCreationOptions.LongRunning);
        if (Task.WaitAny([run], FuzzSettings.HangBudget(iter, iterations)) < 0)
        {
            var stuck = inFlight.Values.OrderByDescending(entry => entry.Clock.Elapsed)
                .Select(entry => $"{entry.Clock.ElapsedMilliseconds} ms on {print(entry.Input)}");
            Assert.Fail($"The property did not finish within its hang budget. Calls in flight: {string.Join(" | ", stuck)}");
        }

        run.GetAwaiter().GetResult();
    }
}
