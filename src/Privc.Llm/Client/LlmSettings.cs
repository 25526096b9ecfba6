namespace Privc.Llm.Client;
