using KissChat.Web;

var app = await KissChatApp.CreateAsync(args);
await app.RunAsync();
