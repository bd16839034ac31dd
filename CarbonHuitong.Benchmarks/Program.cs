namespace CarbonHuitong.Benchmarks;

internal static class BenchmarkProgram
{
    public static Task<int> Main(string[] args) => BenchmarkCommand.RunAsync(args, Console.Out);
}
