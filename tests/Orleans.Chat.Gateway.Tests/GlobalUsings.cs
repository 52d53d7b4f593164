// The shared test kit (tests/Orleans.Chat.Testing), for every file of this project.
global using Orleans.Chat.Testing;
global using Orleans.Chat.Testing.Clients;
global using Orleans.Chat.Testing.Gateway;
global using Orleans.Chat.Testing.Network;
global using static Orleans.Chat.Testing.Clients.ChatChecks;
