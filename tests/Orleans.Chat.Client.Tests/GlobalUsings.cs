// The shared test kit (tests/Orleans.Chat.Testing), for every file of this project.
global using Orleans.Chat.Testing;
global using Orleans.Chat.Testing.Gateway;
