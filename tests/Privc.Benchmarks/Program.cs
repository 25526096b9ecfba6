using Privc.Benchmarks;

var scenario = ScenarioGenerator.Generate(int.Parse(args.ElementAtOrDefault(0) ?? "30"), int.Parse(args.ElementAtOrDefault(1) ?? "15"));
Console.WriteLine(scenario.Intents);
