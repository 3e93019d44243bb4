using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Quantization.Evaluation;

namespace DeepSeek.Edge.Quantization.Gate;

/// <summary>Holds an FP32 vs INT8 evaluation to the <see cref="AccuracyBudget"/> of the model's task.</summary>
public static class AccuracyGate
{
    public static AccuracyVerdict Check(ModelTask task, EvaluationResult evaluation, AccuracyBudget budget)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        ArgumentNullException.ThrowIfNull(budget);
        var figures = new List<GateFigure>();
        switch (task)
        {
            case ModelTask.Detection when evaluation.Detection is { } d:
                // No FP32 box: nothing to miss (recall 1); no INT8 box: nothing false (precision 1).
                figures.Add(new GateFigure("recall", "recall", d.Fp32Detections == 0 ? 1 : (double)d.Matched / d.Fp32Detections, budget.MinRecall));
                figures.Add(new GateFigure("precision", "precision", d.Int8Detections == 0 ? 1 : (double)d.Matched / d.Int8Detections, budget.MinPrecision));
                if (d.Matched > 0) figures.Add(new GateFigure("mean_iou", "mean IoU", d.MeanIoU, budget.MinMeanIoU));
                break;
            case ModelTask.Classification when evaluation.Classification is { } c:
                figures.Add(new GateFigure("top1_agreement", "top-1 agreement", c.Top1Agreement, budget.MinTop1Agreement));
                break;
            default:
                foreach (var o in evaluation.Outputs)
                {
                    figures.Add(new GateFigure($"{o.Output}.mean_cosine", $"{o.Output} mean cosine", o.MeanCosine, budget.MinMeanCosine));
                    figures.Add(new GateFigure($"{o.Output}.worst_cosine", $"{o.Output} worst cosine", o.WorstCosine, budget.MinWorstCosine));
                }

                break;
        }

        return new AccuracyVerdict(figures);
    }
}
