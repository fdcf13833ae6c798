# kind: correct
# why: uses the notebook helper shortcut() for the downsample and grows an empty nn.Sequential with .append in a while loop (keys 0, 1, ...), with a progress print for stages longer than 2 blocks
def make_stage(block, in_channels, out_channels, num_blocks, stride):
    """Monta um estágio (layer1..layer4) da ResNet: um nn.Sequential de num_blocks blocos.

    - O primeiro bloco recebe in_channels canais, devolve out_channels e usa o stride
      dado: block(in_channels, out_channels, stride, downsample).
    - Ele precisa de downsample quando stride != 1 ou in_channels != out_channels:
      nn.Sequential(conv 1x1 com esse stride e sem bias, nn.BatchNorm2d(out_channels));
      caso contrário, o bloco não tem downsample (None).
    - Os demais blocos mantêm tudo: block(out_channels, out_channels).
    Passe os argumentos de block na ordem acima (posicionais).
    """
    # SEU CÓDIGO AQUI
    ds = shortcut(in_channels, out_channels, stride) if (stride != 1 or in_channels != out_channels) else None
    stage = nn.Sequential()
    stage.append(block(in_channels, out_channels, stride, ds))
    while len(stage) < num_blocks:
        stage.append(block(out_channels, out_channels))
    if len(stage) > 2:  # só para acompanhar estágios longos
        print(f"estágio {in_channels}->{out_channels}, stride {stride}: {len(stage)} blocos")
    return stage
