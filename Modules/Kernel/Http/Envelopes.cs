namespace KissChat.Kernel.Http;

/// <summary>The seed's response envelopes: <c>{"data": …}</c>, <c>{"message": …}</c>, or both.</summary>
public sealed record DataResponse<T>(T Data);

public sealed record MessageResponse(string Message);

public sealed record MessageDataResponse<T>(string Message, T Data);
