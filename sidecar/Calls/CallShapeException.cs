namespace OdooSidecar.Calls;

/// <summary>The call's arguments have a shape the sidecar cannot check safely; the call is refused.</summary>
public sealed class CallShapeException(string message) : Exception(message);
