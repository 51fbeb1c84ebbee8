namespace Hotline.Web.Auth;

public static class SecondFactorHosting
{
    /// <summary>The second factor's services; its endpoints are mapped by MapSecondFactorApi.</summary>
    public static IServiceCollection AddSecondFactors(this IServiceCollection services)
    {
        services.AddDataProtection();
        services.AddSingleton<SecondFactors>();
        return services;
    }
}
