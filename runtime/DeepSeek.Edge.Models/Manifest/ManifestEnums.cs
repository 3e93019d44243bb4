namespace DeepSeek.Edge.Models.Manifest;

/// <summary>What a model is for; decides which result a frame carries.</summary>
public enum ModelTask { Classification, Detection, Embedding }

/// <summary>Memory layout of the image input tensor.</summary>
public enum TensorLayout { NCHW, NHWC }

/// <summary>Channel order the model expects.</summary>
public enum ColorOrder { RGB, BGR, Gray }

/// <summary>
/// How a frame is fitted to the model input: stretched; scaled with aspect kept and centred between pads (letterbox);
/// or, as PaddleOCR feeds its text classifier and recogniser, scaled to the input height with aspect kept (at most the
/// input width) and padded on the right (fit-height).
/// </summary>
public enum ResizeMode { Stretch, Letterbox, FitHeight }

/// <summary>Numeric precision the model was built for.</summary>
public enum ModelPrecision { FP32, FP16, INT8 }

/// <summary>Element type of the image input tensor.</summary>
public enum InputDataType { Float32, UInt8 }
