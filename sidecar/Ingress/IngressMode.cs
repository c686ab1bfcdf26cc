namespace OdooSidecar.Ingress;

/// <summary>Whether the sidecar is the only way into Odoo.</summary>
public enum IngressMode
{
    /// <summary>The sidecar serves only its own endpoints; Odoo is reached some other way.</summary>
    Off,

    /// <summary>The sidecar fronts all of Odoo: humans use it through the sidecar, Odoo's RPC entry points are closed.</summary>
    Guard,
}
