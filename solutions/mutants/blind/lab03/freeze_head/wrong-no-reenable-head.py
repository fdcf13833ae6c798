# kind: wrong
# why: only freezes the non-fc parameters and never sets fc back to trainable, so a head that was frozen before stays frozen (depends on the prior state); passes the visible tests
def freeze_all_but_head(model):
    """Congela todos os parâmetros de `model` (requires_grad = False), menos os da
    última camada, model.fc (peso e bias), que ficam treináveis.
    Vale qualquer que seja o estado anterior dos parâmetros. Não devolve nada.
    """
    for name, p in model.named_parameters():
        if not name.startswith("fc."):
            p.requires_grad = False
