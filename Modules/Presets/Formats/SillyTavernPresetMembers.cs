using System.Text.Json.Nodes;

namespace KissChat.Presets.Formats;

/// <summary>
/// The members SillyTavern 1.12.6 writes to its presets (openai.js's chat-completion preset, textgen-settings.js's,
/// kai-settings.js's and nai-settings.js's, and the length and context its preset manager adds), so an import can say
/// which of them it did not take. Listed in the order a user most misses them: what the model reads first, then the
/// context, the samplers, and last the connection.
/// </summary>
internal static class SillyTavernPresetMembers
{
    private static readonly string[] Prompts =
    [
        "prompts", "prompt_order", "impersonation_prompt", "new_chat_prompt", "new_group_chat_prompt", "new_example_chat_prompt",
        "continue_nudge_prompt", "group_nudge_prompt", "jailbreak_prompt", "jailbreak_system", "wi_format", "scenario_format",
        "personality_format", "assistant_prefill", "assistant_impersonation", "human_sysprompt_message", "continue_prefill",
        "continue_postfix", "names_behavior", "wrap_in_quotes", "send_if_empty", "squash_system_messages", "claude_use_sysprompt",
        "use_makersuite_sysprompt", "negative_prompt", "guidance_scale", "preamble", "prefix", "bias_preset_selected", "logit_bias",
        "banned_tokens", "grammar_string", "grammar", "json_schema", "use_default_badwordsids",
    ];

    private static readonly string[] Context = ["openai_max_context", "max_context_unlocked", "max_length", "max_context", "genamt", "openai_max_tokens", "min_length"];

    private static readonly string[] Samplers =
    [
        "temperature", "temp", "top_p", "top_k", "min_p", "frequency_penalty", "freq_pen", "presence_penalty", "presence_pen",
        "repetition_penalty", "rep_pen", "seed", "top_a", "typical_p", "typical", "tfs", "tail_free_sampling", "epsilon_cutoff",
        "eta_cutoff", "temperature_last", "rep_pen_range", "rep_pen_decay", "rep_pen_slope", "repetition_penalty_range",
        "repetition_penalty_slope", "repetition_penalty_frequency", "repetition_penalty_presence", "phrase_rep_pen",
        "no_repeat_ngram_size", "encoder_rep_pen", "penalty_alpha", "num_beams", "length_penalty", "do_sample", "early_stopping",
        "dynatemp", "min_temp", "max_temp", "dynatemp_exponent", "smoothing_factor", "smoothing_curve", "dry_allowed_length",
        "dry_multiplier", "dry_base", "dry_sequence_breakers", "dry_penalty_last_n", "xtc_threshold", "xtc_probability", "skew",
        "mirostat_mode", "mirostat", "mirostat_tau", "mirostat_eta", "mirostat_lr", "math1_temp", "math1_quad",
        "math1_quad_entropy_scale", "sampler_order", "sampler_priority", "samplers", "order", "add_bos_token", "ban_eos_token",
        "ignore_eos_token", "skip_special_tokens", "spaces_between_special_tokens", "speculative_ngram", "max_tokens_second", "n",
    ];

    private static readonly string[] Connection =
    [
        "chat_completion_source", "openai_model", "claude_model", "windowai_model", "openrouter_model", "openrouter_use_fallback",
        "openrouter_force_instruct", "openrouter_group_models", "openrouter_sort_models", "openrouter_providers",
        "openrouter_allow_fallbacks", "ai21_model", "mistralai_model", "cohere_model", "perplexity_model", "groq_model",
        "zerooneai_model", "blockentropy_model", "custom_model", "custom_url", "custom_include_body", "custom_exclude_body",
        "custom_include_headers", "custom_prompt_post_processing", "google_model", "reverse_proxy", "proxy_password",
        "stream_openai", "streaming", "streaming_kobold", "legacy_api", "websearch_cohere", "api_url_scale",
        "show_external_models", "use_alt_scale", "image_inlining", "inline_image_quality", "bypass_status_check", "function_calling",
    ];

    private static readonly string[] All = [.. Prompts, .. Context, .. Samplers, .. Connection];

    /// <summary>SillyTavern's members of <paramref name="values"/> that are not among <paramref name="taken"/>, in <see cref="All"/>'s order.</summary>
    public static IReadOnlyList<string> NotTaken(JsonObject values, IReadOnlySet<string> taken) =>
        [.. All.Where(name => values.ContainsKey(name) && !taken.Contains(name))];
}
