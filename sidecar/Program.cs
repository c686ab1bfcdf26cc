OdooSidecar.SidecarApplication.Create(args).Run();
