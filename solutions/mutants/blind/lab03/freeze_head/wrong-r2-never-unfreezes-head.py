# kind: wrong
# why: Freezes every parameter outside fc but never sets the head back to trainable, relying on a fresh model; violates 'Vale qualquer que seja o estado anterior dos parâmetros' (a frozen head stays frozen).
def freeze_all_but_head(model):
    """Congela todos os parâmetros de `model` (requires_grad = False), menos os da
    última camada, model.fc (peso e bias), que ficam treináveis.
    Vale qualquer que seja o estado anterior dos parâmetros. Não devolve nada.
    """
    for name, param in model.named_parameters():
        if not name.startswith("fc."):
            param.requires_grad = False
