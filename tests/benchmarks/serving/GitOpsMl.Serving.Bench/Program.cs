using GitOpsMl.Serving.Bench;

return args.FirstOrDefault() switch
{
    "bundle" => BenchCommands.WriteBundle(args[1]),
    "ort" => BenchCommands.RawOrt(args[1], double.Parse(args.ElementAtOrDefault(2) ?? "5", System.Globalization.CultureInfo.InvariantCulture)),
    "serve" => await BenchCommands.ServeAsync(args[1..]),
    "latency" => BenchCommands.Latency(args[1], args[2], args[3], args[4]),
    "stages" => BenchCommands.Stages(args[1], args[2], args[3]),
    "check" => GoalCheck.Run(args[1..]),
    "body" => BenchCommands.WriteLargeBody(args[1], double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture)),
    _ => BenchCommands.Usage(),
};
