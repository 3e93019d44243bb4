namespace DeepSeek.Edge.Pipelines;
public static class AllocProbe { public static long Rent, Read, Publish, Process, Wait, Output; }
