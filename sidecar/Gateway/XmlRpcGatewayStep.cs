using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Npgsql;
using OdooSidecar.Audit;
using OdooSidecar.Bridges;
using OdooSidecar.Calls;
using OdooSidecar.Identity;
using OdooSidecar.Odoo;
using OdooSidecar.Policy;
using OdooSidecar.RateLimits;
using OdooSidecar.XmlRpc;
using Yarp.ReverseProxy.Forwarder;

namespace OdooSidecar.Gateway;

/// <summary>
/// The one path every XML-RPC call takes, as a step of YARP's pipeline: bridge token → read (capped) → parse →
/// classify → identify → rate limit → decide → audit → forward the canonical call → record the outcome.
/// A refused call never reaches Odoo; an allowed one reaches it as the sidecar re-wrote it, never as sent.
/// </summary>
internal sealed class XmlRpcGatewayStep(
    OdooDatabases databases,
    PolicyStore policies,
    CredentialVerifier credentials,
    BridgeAuthenticator bridges,
    CallRateLimiter rateLimiter,
    AuditWriter audit,
    IOptions<GatewayOptions> gatewayOptions,
    IOptions<IdentityOptions> identityOptions,
    IOptions<AuditOptions> auditOptions)
{
    private const int InlineParseBytes = 64 * 1024;
    private readonly GatewayOptions _limits = gatewayOptions.Value;
    private readonly XmlRpcReaderLimits _readerLimits = new(gatewayOptions.Value.MaxDepth, gatewayOptions.Value.MaxElements);

    public async Task InvokeAsync(HttpContext context, Func<Task> forward)
    {
        var started = Stopwatch.GetTimestamp();
        var bridge = await bridges.AuthenticateAsync(context);
        var request = new RequestFacts(context, started, bridge.Name);
        if (bridge.Problem is not null)
        {
            // Bridges expect HTTP 401; the fault body tells XML-RPC clients why.
            context.Response.Headers.WWWAuthenticate = "Bearer";
            var refused = Decision.AccessDenied(bridge.Problem) with { Message = bridge.RefusalMessage };
            await RefuseAsync(request, databases.Default, refused, null, null, httpStatus: StatusCodes.Status401Unauthorized);
            return;
        }

        if (!CallNames.TryParseService(context.GetRouteValue("service") as string, out var service))
        {
            await RefuseAsync(request, databases.Default, Decision.BadCall("Unknown XML-RPC service: use common, db or object."), null, null);
            return;
        }

        XmlRpcCall call;
        try
        {
            call = await ReadCallAsync(context.Request, context.RequestAborted);
        }
        catch (XmlRpcFormatException e)
        {
            await RefuseAsync(request, databases.Default, Decision.BadCall(e.Message), null, null);
            return;
        }

        var classified = CallClassifier.Classify(service, call);
        var database = classified.Database ?? databases.Default;
        var served = databases.IsServed(database);
        var auditDatabase = served ? database : databases.Default;

        if (!audit.IsAvailable(auditDatabase, out var auditProblem))
        {
            await RefuseUnauditedAsync(context, Decision.BadCallCode, Decision.CannotCheckPrefix + auditProblem + ".");
            return;
        }

        var policy = policies.Current(auditDatabase, out var policyProblem);
        if (policy is null)
        {
            await RefuseAsync(request, auditDatabase, Decision.BadCall(Decision.CannotCheckPrefix + policyProblem + "."), classified, call);
            return;
        }

        IdentityCheck identity;
        try
        {
            identity = served && NeedsCredential(classified)
                ? await credentials.VerifyAsync(database, classified.Secret!, classified.Uid, classified.Login,
                    identityOptions.Value.AllowPlainPasswords || policy.AllowPlainPasswords, context.RequestAborted)
                : IdentityCheck.NotNeeded;
        }
        catch (NpgsqlException e)
        {
            var unreachable = Decision.BadCall(Decision.CannotCheckPrefix + "the Odoo database is unreachable.") with { Detail = e.Message };
            await RefuseAsync(request, auditDatabase, unreachable, classified, call);
            return;
        }

        var decision = rateLimiter.TryAcquire(policy, database, identity.Caller?.UserId, bridge.Name) is { } overLimit
            ? Decision.RateLimited(overLimit.Message)
            : CallDecision.Decide(classified, identity, policy, served);
        if (!decision.IsAllowed)
        {
            await RefuseAsync(request, auditDatabase, decision, classified, call, identity);
            return;
        }

        var record = NewRecord(request, decision.EventType, AuditOutcomes.Pending, classified, call, identity);
        long? rowId = null;
        if (IsMutating(classified.Operation))
        {
            try
            {
                rowId = await audit.CommitAsync(database, record, context.RequestAborted);
            }
            catch (AuditUnavailableException e)
            {
                await RefuseUnauditedAsync(context, Decision.BadCallCode, Decision.CannotCheckPrefix + e.Message + ".");
                return;
            }
        }

        using (var capture = await ForwardAsync(context, call, forward))
        {
            Complete(record, capture, context, classified.Operation, started);
        }

        if (rowId is { } id)
        {
            audit.RecordOutcome(database, id, record);
        }
        else if (policy.AuditReads || classified.Operation != Operation.Read)
        {
            audit.Enqueue(database, record);
        }
    }

    private async ValueTask<XmlRpcCall> ReadCallAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > _limits.MaxBodyBytes)
        {
            throw new XmlRpcFormatException($"The request body is larger than the {_limits.MaxBodyBytes} bytes this sidecar accepts.");
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = _limits.MaxBodyBytes + 1L;
        }

        var reader = request.BodyReader;
        var quickAckRequested = false;
        while (true)
        {
            ReadResult result;
            try
            {
                if (!reader.TryRead(out result))
                {
                    if (!quickAckRequested)
                    {
                        TcpQuickAck.Request(request.HttpContext);
                        quickAckRequested = true;
                    }

                    result = await reader.ReadAsync(cancellationToken);
                }
            }
            catch (BadHttpRequestException e)
            {
                throw new XmlRpcFormatException($"The request body could not be read: {e.Message}");
            }

            var buffer = result.Buffer;
            if (buffer.Length > _limits.MaxBodyBytes)
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                throw new XmlRpcFormatException($"The request body is larger than the {_limits.MaxBodyBytes} bytes this sidecar accepts.");
            }

            if (result.IsCompleted || result.IsCanceled)
            {
                try
                {
                    var body = buffer.IsSingleSegment ? buffer.First : buffer.ToArray();

                    // Requests run on Kestrel's I/O threads; a large body is parsed on the thread pool instead.
                    return body.Length <= InlineParseBytes
                        ? XmlRpcCallReader.Read(body, _readerLimits)
                        : await Task.Run(() => XmlRpcCallReader.Read(body, _readerLimits), cancellationToken);
                }
                finally
                {
                    reader.AdvanceTo(buffer.End);
                }
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>Replaces the body with the canonical call and lets YARP forward it; turns proxy errors into faults.</summary>
    private async Task<ResponseCapture> ForwardAsync(HttpContext context, XmlRpcCall call, Func<Task> forward)
    {
        var canonical = new ArrayBufferWriter<byte>((int)(context.Request.ContentLength ?? 1024) + 256);
        XmlRpcWriter.WriteCall(canonical, call);
        var request = context.Request;
        request.Body = new ReadOnlyMemoryStream(canonical.WrittenMemory);
        request.ContentLength = canonical.WrittenCount;
        request.ContentType = "text/xml";
        request.Headers.Remove("Transfer-Encoding");

        var originalBody = context.Response.Body;
        var capture = new ResponseCapture(originalBody, _limits.ResponseCaptureBytes);
        context.Response.Body = capture;
        try
        {
            await forward();
        }
        finally
        {
            context.Response.Body = originalBody;
        }

        if (context.Features.Get<IForwarderErrorFeature>() is { } error && !context.Response.HasStarted)
        {
            var message = error.Error switch
            {
                ForwarderError.RequestTimedOut => "Odoo did not answer in time.",
                ForwarderError.RequestCanceled => "The call was canceled.",
                _ => "Odoo is unreachable.",
            };
            context.Response.Clear();
            await XmlRpcResponses.WriteFaultAsync(context.Response, Decision.BadCallCode, "OdooSidecar: " + message);
        }

        return capture;
    }

    /// <summary>
    /// Fills in how Odoo answered. The answer itself is kept only for calls that change data (the new id, say) and
    /// for faults: copying every read's records into the audit trail would duplicate ERP data for nothing.
    /// </summary>
    private static void Complete(AuditRecord record, ResponseCapture capture, HttpContext context, Operation operation, long started)
    {
        record.DurationMs = ElapsedMs(started);
        if (context.Features.Get<IForwarderErrorFeature>() is { } error)
        {
            record.Outcome = AuditOutcomes.Error;
            record.ErrorMessage = $"Forwarding failed: {error.Error}";
            return;
        }

        if (context.Response.StatusCode != StatusCodes.Status200OK)
        {
            record.Outcome = AuditOutcomes.Error;
            record.ErrorMessage = $"Odoo answered HTTP {context.Response.StatusCode}";
            record.ResponseData = capture.Text;
            return;
        }

        if (capture.Fault() is not { } fault)
        {
            record.Outcome = AuditOutcomes.Success;
            record.ResponseData = IsMutating(operation) ? capture.Text : null;
            if (operation == Operation.Create && capture.ResultIds() is { Count: > 0 } created)
            {
                record.RecordIds = AuditText.RenderIds(created);
            }

            return;
        }

        // Odoo cannot marshal a method's None result and answers this fault after the work is committed.
        var nothingReturned = fault.Code == 1 && fault.Message.Contains("cannot marshal None", StringComparison.Ordinal);
        record.Outcome = nothingReturned && operation != Operation.Read ? AuditOutcomes.Success : AuditOutcomes.Fault;
        record.ErrorCode = fault.Code.ToString(System.Globalization.CultureInfo.InvariantCulture);
        record.ErrorMessage = fault.Message;
    }

    private async Task RefuseAsync(RequestFacts request, string auditDatabase, Decision decision, ClassifiedCall? classified, XmlRpcCall? call, IdentityCheck? identity = null, int httpStatus = StatusCodes.Status200OK)
    {
        var outcome = decision.EventType == AuditEvents.Error ? AuditOutcomes.Error : AuditOutcomes.Denied;
        var record = NewRecord(request, decision.EventType, outcome, classified, call, identity);
        record.ErrorCode = decision.FaultCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        record.ErrorMessage = decision.Detail is null ? decision.Message : $"{decision.Message} ({decision.Detail})";

        record.DurationMs = ElapsedMs(request.Started);
        if (audit.IsAvailable(auditDatabase, out _))
        {
            audit.Enqueue(auditDatabase, record);
        }

        if (classified?.Operation == Operation.Auth && decision.FaultCode == Decision.AccessDeniedCode)
        {
            // Clients test authenticate's result (`if not uid`), as Odoo answers False rather than a fault.
            await XmlRpcResponses.WriteFalseAsync(request.Context.Response);
            return;
        }

        await XmlRpcResponses.WriteFaultAsync(request.Context.Response, decision.FaultCode, decision.Message!, httpStatus);
    }

    /// <summary>Refusals that cannot be audited because the store itself is the problem.</summary>
    private static Task RefuseUnauditedAsync(HttpContext context, int code, string message) =>
        XmlRpcResponses.WriteFaultAsync(context.Response, code, message);

    private AuditRecord NewRecord(RequestFacts request, string eventType, string outcome, ClassifiedCall? classified, XmlRpcCall? call, IdentityCheck? identity)
    {
        var context = request.Context;
        return new AuditRecord
        {
            EventType = eventType,
            Outcome = outcome,
            UserId = identity?.Caller?.UserId,
            ApiKeyUsed = identity?.Caller?.CredentialLabel,
            IpAddress = context.Connection.RemoteIpAddress?.ToString(),
            Endpoint = context.Request.Path.Value ?? string.Empty,
            HttpMethod = context.Request.Method,
            Service = classified?.Service.ToWireName(),
            Method = classified is null ? null : classified.Method ?? classified.ServiceMethod,
            ModelName = classified?.Model,
            Operation = classified?.Operation.ToAuditName(),
            RecordIds = classified is null ? null : AuditText.RenderIds(classified.RecordIds),
            RequestData = call is null ? null : AuditText.RenderParams(call, classified?.SecretIndex ?? -1, auditOptions.Value.MaxTextLength, RedactArgumentsFrom(classified)),
            UserAgent = context.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent : null,
            Bridge = request.Bridge,
        };
    }

    /// <summary>The model method's own arguments are secrets when its name says so (<c>change_password</c>).</summary>
    private static int RedactArgumentsFrom(ClassifiedCall? call) =>
        call?.Method is { } method && AuditText.IsSecretName(method) ? CallClassifier.ObjectArgumentsIndex : int.MaxValue;

    private static bool NeedsCredential(ClassifiedCall call) =>
        call.Problem is null && call.Secret is not null && call.Operation is not (Operation.Meta or Operation.DbAdmin);

    private static bool IsMutating(Operation operation) =>
        operation is Operation.Create or Operation.Write or Operation.Unlink or Operation.BusinessMethod;

    private static int ElapsedMs(long started) => (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds;

    private readonly record struct RequestFacts(HttpContext Context, long Started, string? Bridge);
}
